import dropbox

# short-lived token from the App Console "Generate" button
dbx = dropbox.Dropbox("⟦dropbox_token/short_lived:sl.u.bDkrB2OJYG8pfFvkteS44OGj0AEaxGSMCRJTJFn-wlbWKSSYi6Jf_YFUPwwCV3I3SoCHLQyfbmyWw6mvRMGb9jArvUI3__r_A2b39XppxKGNMXTaQc4DY6jULbdIa5pI2uiMz9lkpWW5⟧")
with open("exports/board-pack.pdf", "rb") as f:
    dbx.files_upload(f.read(), "/Board/2025-Q3/board-pack.pdf", mode=dropbox.files.WriteMode.overwrite)
