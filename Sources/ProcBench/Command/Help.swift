/// The text of `procbench help` and every command's --help.
enum Help {
    static let overview = """
    procbench: what Linux pays to create a process, by each creation path.

    usage: procbench <command> [options]

    commands:
      run [SPEC…] [options]   measure scenarios (default: Benchmarks/default.suite)
      list                    the paths, the spec options, the clone flags and the suites
      events [NAME…]          perf events libpfm4 knows here, and whether each opens
      fit DIR                 the cost model of the sweeps in a result directory
      help [COMMAND]          this text, or a command's

    A SPEC is a path then key=value options, quoted as one argument:
      procbench run fork 'vfork exec=static' 'clone flags=VM|VFORK exec=static'
    A comma list in a value is a sweep: 'clone flags=,VM,VM|FS' is three scenarios.

    exit status: 0 all ran (or were skipped, with the reason in the results),
    1 a scenario failed, 2 bad input (nothing was measured), 3 ProcBench
    itself could not measure (for example no C compiler).
    """

    static let run = """
    usage: procbench run [SPEC…] [--suite FILE]… [options]

    Measures each scenario in turn: the timing loop runs in a small C
    measuring process (the process path excepted), samples adaptively until
    the 95 % CI of the median is within ±1 % or the time budget is spent, and
    writes summary.csv, samples.csv and meta.json after every scenario.

    options:
      --suite FILE   read specs from FILE, one a line, # comments (repeatable)
      --cpu N        pin every scenario without its own cpu= (and without jobs=) to CPU N
      --samples N    time exactly N operations per scenario (no adaptation)
      --warmup N     untimed operations first (default: 1, then up to 49 within 0.1 s)
      --time S       each scenario's time budget in seconds (default 3)
      --out DIR      result directory (default results/<UTC time>-<host>/)
      --events LIST  count perf events in a pass of their own: 'default' or
                     libpfm4 names separated by commas (see 'procbench events')
      -h, --help     this text

    Run 'procbench list' for the paths and options a SPEC may use.
    """

    static let list = """
    usage: procbench list

    Lists the creation paths, the options a spec takes, the clone flags and
    the suites under Benchmarks/.
    """

    static let events = """
    usage: procbench events [NAME…]

    Lists the default event set and every event of the PMUs libpfm4 finds
    present (or only the NAMEs given), each with whether perf_event_open
    accepts it here and, if not, why and what to do.
    """

    static let fit = """
    usage: procbench fit DIR

    Fits latency = a + b·x by least squares on the medians of DIR/summary.csv,
    for each group of ok scenarios that differ only in parent= (b per GiB),
    fds= (b per 1000 descriptors) or threads= (b per thread). Prints a, b,
    the 95 % CI of b and R², and writes DIR/fit.csv. 'procbench run' does the
    same after any run that contains such a sweep.
    """

    static func text(for command: String) -> String? {
        switch command {
        case "run": run
        case "list": list
        case "events": events
        case "fit": fit
        case "help": overview
        default: nil
        }
    }
}
