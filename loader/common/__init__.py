"""What both domains share: settings, connections, the COPY writer, the load manifest and
rejects, parallel runs and load reports."""
