net user svc_backup ⟦password/net_user:maplecedar20%⟧ /add /y
sqlcmd -S sql01.northwind.internal -U sa -P "⟦password/sqlcmd:!yLNXuHxPu56-#NwMu⟧" -Q "BACKUP DATABASE Ledger TO DISK='D:\bak\ledger.bak'"
xfreerdp /v:win-build-01 /u:NORTHWIND\svc-build /p:⟦password/xfreerdp:cedartiger36*⟧ /cert:ignore
