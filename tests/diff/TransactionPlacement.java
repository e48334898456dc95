// Differential oracle: the __transaction_state partition of each transactional.id, computed with
// Java's own String.hashCode (UTF-16 code units) and Kafka's formula:
// TransactionStateManager.partitionFor = Utils.abs(transactionalId.hashCode) % transactionTopicPartitionCount,
// Utils.abs(n) = (n == Integer.MIN_VALUE) ? 0 : Math.abs(n). Reads hex-encoded UTF-8 ids, one per line.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

public class TransactionPlacement {
    static int abs(int n) {
        return (n == Integer.MIN_VALUE) ? 0 : Math.abs(n);
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String id = new String(HexFormat.of().parseHex(line.trim()), StandardCharsets.UTF_8);
            out.append(abs(id.hashCode()) % 50).append('\n');
        }
        System.out.print(out);
    }
}
