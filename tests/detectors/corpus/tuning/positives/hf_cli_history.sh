pip install -U "huggingface_hub[cli]"
huggingface-cli login --token ⟦huggingface_token/user_access:hf_kRA1HCPMaMWOtV0vFHHUPTr1qCyDCIxUpH⟧ --add-to-git-credential
huggingface-cli download acme/support-classifier --revision 2661061f56b4595c80df8f3b892232ff9bd72fcd
