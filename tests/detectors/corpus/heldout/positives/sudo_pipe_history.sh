echo '⟦password/sudo_stdin:Harborquartz91?⟧' | sudo -S systemctl restart ledger-api
journalctl -u ledger-api -n 50 --no-pager
