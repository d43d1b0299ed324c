"""SIEM delivery: audit records worth an alert as CEF or LEEF 2.0 events, framed for syslog
(RFC 5424 or 3164) and sent over UDP, TCP or TLS from a bounded on-disk queue.
Formatting and framing are sans-IO; `transport`, `spool` and `forwarder` do the IO."""
