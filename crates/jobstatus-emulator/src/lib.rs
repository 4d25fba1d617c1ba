#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod cli;
mod clock;
mod config;
mod faults;
mod jobs;
mod server;
mod tls;
mod vendors;

use std::net::SocketAddr;
use std::sync::Arc;

pub use config::{AlibabaKey, AzureKey, Config, Credentials, HuaweiKey};
pub use faults::{ChaosReport, ChaosRule, FaultKind, FaultRequest, MAX_CHAOS_LATENCY_MS};
pub use jobs::{JobRequest, Provider, Scenario};
pub use server::{CreatedJob, OVERSIZE_BYTES, Stats};

/// The emulator's routes without a listener, for driving requests in-process (the fuzz target
/// does): every vendor API and the control API, answering as if at `base_url`.
pub fn app(config: Config, base_url: &str) -> Result<axum::Router, String> {
    let chaos = config.chaos.clone();
    let shared = Arc::new(server::Shared::new(config, base_url.to_owned()));
    shared.set_chaos(chaos)?;
    Ok(server::router(shared))
}

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    ca_pem: Option<String>,
    shared: Arc<server::Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Emulator {
    /// Binds `config.addr`, creates the preloaded jobs and starts serving.
    pub async fn start(config: Config) -> std::io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let preload = config.preload.clone();
        let chaos = config.chaos.clone();
        let tls = if config.tls { Some(tls::make()?) } else { None };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let shared = Arc::new(server::Shared::new(config, format!("{scheme}://{addr}")));
        shared
            .set_chaos(chaos)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        for job in &preload {
            shared
                .create_job(job)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        }
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = server::router(shared.clone());
        let ca_pem = tls.as_ref().map(|t| t.ca_pem.clone());
        let task = match tls {
            Some(t) => tokio::spawn(tls::serve(listener, t.acceptor, app, rx)),
            None => tokio::spawn(async move {
                let served = axum::serve(listener, app).with_graceful_shutdown(async {
                    let _ = rx.await;
                });
                if let Err(e) = served.await {
                    tracing::error!(error = %e, "emulator server stopped");
                }
            }),
        };
        tracing::info!(%addr, tls = ca_pem.is_some(), "emulator listening");
        Ok(Emulator {
            addr,
            ca_pem,
            shared,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR` (`https://ADDR` with TLS), the base URL for every provider client.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// With TLS, the PEM certificate of the CA that signed the server's certificate: what a
    /// client must trust.
    pub fn ca_cert_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.shared.config.credentials
    }

    /// The one JSON line the binary prints at start:
    /// `{"addr":"127.0.0.1:PORT","base_url":"http://…","credentials":{…}}`, and with TLS
    /// `"ca_cert_pem"`, the CA certificate to trust. It prints the credentials on purpose: they
    /// are the emulator's own, for its clients.
    pub fn startup_line(&self) -> String {
        let mut line = serde_json::json!({
            "addr": self.addr.to_string(),
            "base_url": self.base_url(),
            "credentials": self.credentials(),
        });
        if let Some(pem) = &self.ca_pem {
            line["ca_cert_pem"] = serde_json::Value::String(pem.clone());
        }
        line.to_string()
    }

    /// Creates a job, as `POST /_emulator/jobs` does. The error says why a scenario cannot be expressed.
    pub fn create_job(&self, request: &JobRequest) -> Result<CreatedJob, String> {
        self.shared.create_job(request)
    }

    /// Sets a fault, as `POST /_emulator/faults` does.
    pub fn add_fault(&self, fault: FaultRequest) {
        self.shared.add_fault(fault);
    }

    /// Replaces the chaos rules, as `POST /_emulator/chaos` does.
    pub fn set_chaos(&self, rules: Vec<ChaosRule>) -> Result<(), String> {
        self.shared.set_chaos(rules)
    }

    /// The chaos rules and the faults they injected, as `GET /_emulator/chaos` gives them.
    pub fn chaos(&self) -> ChaosReport {
        self.shared.chaos()
    }

    /// Request counts so far.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// Stops accepting, lets requests in flight finish, and waits.
    pub async fn shutdown(mut self) {
        self.stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs an emulator as the binaries do: prints the start-up line on stdout, then serves until
/// Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> std::process::ExitCode {
    let emulator = match Emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the emulator: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut line = emulator.startup_line();
    if let Some(pem) = emulator.ca_cert_pem() {
        // Also as a file, for clients that take a path (`jobstatus --ca-cert`).
        let path = std::env::temp_dir().join(format!(
            "jobstatus-emulator-{}-ca.pem",
            emulator.addr().port()
        ));
        match std::fs::write(&path, pem) {
            Ok(()) => {
                if let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&line) {
                    v["ca_cert"] = serde_json::Value::String(path.display().to_string());
                    line = v.to_string();
                }
            }
            Err(e) => eprintln!(
                "warning: cannot write the CA certificate to {}: {e}",
                path.display()
            ),
        }
    }
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    emulator.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
