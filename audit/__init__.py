"""The audit trail: hash-chained JSON lines with signed checkpoints, and the reading side
(verify, search, export, report). Sans-IO apart from the writer thread and file access."""
