//! Where credential providers read environment variables and the home directory.
//!
//! Behind a trait so that tests give each case its own variables and HOME without touching
//! the process environment.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

/// Environment variables and the home directory.
pub trait Environment: Send + Sync + fmt::Debug {
    /// One variable; `None` when unset. Empty values are returned as they are.
    fn var(&self, name: &str) -> Option<String>;
    /// The user's home directory.
    fn home_dir(&self) -> Option<PathBuf>;
}

/// The real process environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn home_dir(&self) -> Option<PathBuf> {
        std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    }
}

/// A fixed set of variables and a home directory, for tests and embedding.
#[derive(Clone, Default)]
pub struct MapEnvironment {
    vars: HashMap<String, String>,
    home: Option<PathBuf>,
}

impl MapEnvironment {
    /// An empty environment with no home directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets one variable.
    pub fn with_var(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }

    /// Sets the home directory.
    pub fn with_home(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }
}

impl fmt::Debug for MapEnvironment {
    // Values may be secrets: show only the names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.vars.keys().collect();
        names.sort();
        f.debug_struct("MapEnvironment")
            .field("vars", &names)
            .field("home", &self.home)
            .finish()
    }
}

impl Environment for MapEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn home_dir(&self) -> Option<PathBuf> {
        self.home.clone()
    }
}

/// A variable, with empty values treated as unset (the vendors' SDKs do the same).
pub(crate) fn non_empty(env: &dyn Environment, name: &str) -> Option<String> {
    env.var(name).filter(|v| !v.trim().is_empty())
}
