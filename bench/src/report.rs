//! The results table (the one in `docs/performance.md`) and the machine it ran on.

/// One line of the table.
pub(crate) struct Row {
    /// What is measured, with its unit.
    pub figure: String,
    /// The SDK's figure.
    pub sdk: String,
    /// The baseline's figure, where there is one.
    pub baseline: String,
    /// SDK ÷ baseline, where meaningful.
    pub ratio: String,
    /// The target.
    pub target: String,
    /// Whether the target is met (`None`: no target, for information).
    pub met: Option<bool>,
}

impl Row {
    /// A row; `met` is `None` for an informational line.
    pub(crate) fn new(
        figure: &str,
        sdk: String,
        baseline: String,
        ratio: String,
        target: &str,
        met: Option<bool>,
    ) -> Row {
        Row {
            figure: figure.to_owned(),
            sdk,
            baseline,
            ratio,
            target: target.to_owned(),
            met,
        }
    }
}

/// The rows as a Markdown table.
pub(crate) fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| Figure | SDK | Baseline | Ratio SDK/baseline | Target | Met |\n\
         |---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "—",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {met} |\n",
            row.figure, row.sdk, row.baseline, row.ratio, row.target
        ));
    }
    out
}

/// Cores, memory, CPU model and kernel, from `/proc`.
pub(crate) fn machine() -> String {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
        .map_or("unknown CPU", |(_, model)| model.trim());
    let meminfo = read("/proc/meminfo");
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    let kernel = read("/proc/sys/kernel/osrelease");
    format!(
        "{cores} cores ({model}), {memory_gib:.1} GiB memory, Linux {}",
        kernel.trim()
    )
}
