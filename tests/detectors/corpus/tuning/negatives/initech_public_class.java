public class AccountService {
    public static final String BIC_FIELD = "bic";
    public Account open(String swiftCode, String accountNumber) { return repo.save(new Account(swiftCode, accountNumber)); }
}
