/** Failures that end a command with exit status 2, with a message and no stack trace. */

/** A mistake in the command line. */
export class UsageError extends Error {}

/** A file or directory that cannot be read. */
export class InputError extends Error {}

/** A file or directory that cannot be written. */
export class OutputError extends Error {}
