//! Resident memory of this process, from `/proc/self/status` (Linux).

/// A `kB` field of `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes; 0 when unavailable.
fn status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<usize>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

/// Resident memory now.
pub(crate) fn current() -> usize {
    status_bytes("VmRSS")
}

/// The resident high-water mark (since start, or since [`reset_peak`]).
pub(crate) fn peak() -> usize {
    status_bytes("VmHWM")
}

/// Resets the high-water mark to the current resident size (`echo 5 > clear_refs`); returns
/// whether the kernel allowed it.
pub(crate) fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
