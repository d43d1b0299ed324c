  501  aws sso login --profile prod
  502  export AWS_ACCESS_KEY_ID=⟦aws_access_key_id/env_history:ASIAUPCMPC255Q5K4LYY⟧
  503  export AWS_SECRET_ACCESS_KEY=⟦aws_secret_access_key/env_history:Zr8QTvxwGxL7zz5BGRcs5n+oEGMzln42XaDkumaW⟧
  504  export AWS_SESSION_TOKEN=⟦aws_session_token/env_history:FwoGZXIvYXdzEcLs9djK7OTkmksdjsnIFbUWcgMggFCQOyJF6bR26PPProCOnsRutozzFrrcWC5rB7rv1U4DNmV9JaguA3wZrrwgilFJYeScMCCVdZ5sQyjQgmOOAwqVWCIeaFhcI4FGBIzFoIsjNqO5QfZg16ZBbHAQ5mV99YkAIBPqLzoIU8Ska7F8vqszRKjWY+XIH28P09jPzgIFxgvjaRF5K+leMdfsDNT8UWQISKk1V3nEl9ZZFULoanLtn0vl0Dx⟧
  505  aws s3 ls s3://ledger-exports-prod/2025/10/ --recursive | tail
  506  unset AWS_SESSION_TOKEN
