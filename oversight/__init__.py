"""What the CISO, the auditor and the incident responder look at, read from audit trails:
the AI tool inventory, an incident's exposures, the evidence pack, the dashboard."""
