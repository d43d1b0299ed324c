credential := common.NewCredential(
	"⟦tencent_secret_id/go:AKIDmOuLrntHCLoxlnA7psi2GcO0ObkLac7a⟧",
	"⟦tencent_secret_key/go_positional:xKrUbGShFKzSMY4yusBdJLFKtePdzUxS⟧",
)
// tencentcloud cvm client for the ap-hongkong region
client, _ := cvm.NewClient(credential, "ap-hongkong", profile.NewClientProfile())
