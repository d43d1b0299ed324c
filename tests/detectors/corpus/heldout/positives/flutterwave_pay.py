from rave_python import Rave

rave = Rave("FLWPUBK-bd6f845618c19b0d9b27acae7d29f63c-X", "⟦flutterwave_key/secret_live:FLWSECK-cc3c6653ccb9cf748faf13459e689569-X⟧", usingEnv=False)
