#!/usr/bin/env bash
set -euo pipefail
export IBMCLOUD_API_KEY="⟦ibm_cloud_api_key/env:KoOmPVOY7fDg11uykoWobbvY8ljVkSO1tjnDb6cwl2Rm⟧"
ibmcloud login -r eu-de -g ledger-prod --quiet
ibmcloud ks cluster config --cluster ledger-eu-de
