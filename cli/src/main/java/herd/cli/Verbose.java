package herd.cli;

/** A command that can show stack traces when asked with -v. */
interface Verbose {
    boolean verbose();
}
