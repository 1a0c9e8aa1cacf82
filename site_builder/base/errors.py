"""The one base of every "this command cannot run" error.

A stage raises a subclass with a Thai message (no folder, a refused build, an unreachable
host…); the CLI prints ``oit: <message>`` and exits with :attr:`OitError.exit_status`.
Anything else that escapes a stage is a bug: the CLI says so in Thai, it never becomes a result.
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class OitError(Exception):
    """The command cannot run; ``str(error)`` is the Thai message for the officer."""

    exit_status = EXIT_CANNOT_RUN
