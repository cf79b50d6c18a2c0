// DiagnosticsHandler module.
