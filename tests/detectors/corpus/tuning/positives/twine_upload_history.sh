python -m build
ls dist/
TWINE_USERNAME=__token__ TWINE_PASSWORD=⟦pypi_token/twine_env:pypi-AgEIcHlwaS5vcmc4b6N-m3DSXmOofnLbi9dNk-ieY4cvNjCmP9i8BdXKyykTPL--jfof1D-z2ZpiqAUb910rB-U_1ei5ZEWXmodKXvavgKOLjfjRSpcCaDb31jVphIpDHMbaKMVnqeiEC1subQTGlW5abN6C0eUD7AXukbmgWiCoT2G⟧ twine upload dist/acme_sdk-0.14.2*
git tag v0.14.2
