package socketlessons.basics.check;

/** What a stage expected and what it got instead; the checker prints it and stops. */
public final class StageFailure extends Exception {

    private final String hint;

    /** A failure explained by the stage's own hint. */
    public StageFailure(String expected, String got) {
        this(expected, got, null);
    }

    /** A failure with a hint of its own (the program never started, never listened...). */
    public StageFailure(String expected, String got, String hint) {
        super("expected " + expected + ", got " + got);
        this.hint = hint;
    }

    /** The hint to print instead of the stage's, or null. */
    String hint() {
        return hint;
    }
}
