/** The {@code ./falconet} command line: one picocli subcommand per entry point. */
package org.falconet.cli;
