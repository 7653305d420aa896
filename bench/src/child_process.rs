//! The bench binary re-run as a child process for one measurement (a clean heap, or another
//! environment), and the `name=value` pairs such a child prints.

use std::process::Command;

use crate::BoxError;

/// What a child printed on standard output.
pub(crate) struct ChildOutput {
    command: String,
    stdout: String,
}

/// Runs this binary with `args` and the extra environment `env`; its output, or an error
/// with its standard error if it failed.
pub(crate) fn run(args: &[&str], env: &[(&str, &str)]) -> Result<ChildOutput, BoxError> {
    let command = args.join(" ");
    let output = Command::new(std::env::current_exe()?)
        .args(args)
        .envs(env.iter().copied())
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "{command} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(ChildOutput {
        command,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

impl ChildOutput {
    /// The number printed as `name=…`.
    pub(crate) fn field(&self, name: &str) -> Result<f64, BoxError> {
        self.stdout
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| format!("{}: no {name} in {:?}", self.command, self.stdout).into())
    }
}
