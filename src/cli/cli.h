/* Helpers shared by the command-line tools. */
#ifndef VB_CLI_H
#define VB_CLI_H

/* "PROG: <FMT with ARG>" and a hint to --help on stderr, then exit 2 (jq's convention). */
void vb_cli_usage_error(const char *prog, const char *fmt, const char *arg) __attribute__((noreturn));

#endif
