public class App {
    private static final String DB_PASSWORD = "$<secret.DB_PASSWORD>";
    public static void main(String[] args) {}
}
