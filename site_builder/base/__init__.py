"""The base layer: leaves every stage may import, which import no stage themselves.

Value parsers (Thai digits, BE dates, scores), the YAML reader that keeps file:line, the Thai
words for YAML and schema errors, and the one error class of commands that cannot run.
"""
