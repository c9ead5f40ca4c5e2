// The Thrift server's login check (hive.server2.authentication=CUSTOM), compiled by
// `sparkify spark up` with janino from the Spark jars (loader/spark/auth/__init__.py).
// One user and one password: the file named by -Dsparkify.thrift.passwordFile holds the
// password on its first line; the user must be the one named by -Dsparkify.thrift.user.
// Janino compiles Java 7-ish source: no lambdas, no try-with-resources.
package sparkify.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import javax.security.sasl.AuthenticationException;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;

public class PasswordFileAuthenticator implements PasswdAuthenticationProvider {

    public void Authenticate(String user, String password) throws AuthenticationException {
        String expectedUser = System.getProperty("sparkify.thrift.user");
        String file = System.getProperty("sparkify.thrift.passwordFile");
        if (expectedUser == null || file == null) {
            throw new AuthenticationException("the server has no password configured");
        }
        byte[] expected;
        try {
            String text = new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8);
            expected = text.trim().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AuthenticationException("the server cannot read its password file");
        }
        // Compare digests in constant time, so neither length nor content leaks by timing.
        boolean userOk = MessageDigest.isEqual(digest(expectedUser), digest(user == null ? "" : user));
        boolean passwordOk = expected.length > 0
            && MessageDigest.isEqual(digest(expected), digest(password == null ? "" : password));
        if (!(userOk & passwordOk)) {
            throw new AuthenticationException("wrong user name or password");
        }
    }

    private static byte[] digest(String text) throws AuthenticationException {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(byte[] bytes) throws AuthenticationException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AuthenticationException("no SHA-256");
        }
    }
}
