#!/bin/sh
# vault password client for ansible-playbook --vault-password-file
echo '⟦password/ansible_vault_password:RH*n-lycRgF56MIr9rH+_Kz_⟧'
