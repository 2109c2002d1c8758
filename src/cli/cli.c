/* Helpers shared by the command-line tools. */
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

void vb_cli_usage_error(const char *prog, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", prog);
    exit(2);
}
