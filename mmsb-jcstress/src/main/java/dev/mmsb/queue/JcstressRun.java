package dev.mmsb.queue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}, which exits 0 whatever the results) and exits 1 unless its summary
 * says no test FAILED or hit an ERROR (a crashed or hung fork is an error) and at least one test ran. Arguments: the
 * results folder, then jcstress options.
 */
public final class JcstressRun {
    private static final Pattern NONE = Pattern.compile("(Failed|Error) tests: No matches\\.");
    /** The progress line; the last one is the final count. */
    private static final Pattern RESULTS = Pattern.compile(
            "Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");

    private JcstressRun() {
    }

    public static void main(String[] args) throws Exception {
        String[] options = Arrays.copyOfRange(args, 1, args.length + 2);
        options[options.length - 2] = "-r";
        options[options.length - 1] = args[0];
        PrintStream out = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        org.openjdk.jcstress.Main.main(options);
        System.out.flush();
        String text = copy.toString(StandardCharsets.UTF_8);
        Matcher none = NONE.matcher(text);
        int clean = 0;
        while (none.find()) {
            clean++;
        }
        Matcher results = RESULTS.matcher(text);
        String last = null;
        long planned = -1;
        long passed = -1;
        while (results.find()) {
            last = results.group();
            planned = Long.parseLong(results.group(1));
            passed = Long.parseLong(results.group(2));
        }
        // A skipped configuration (a test whose set-up throws, say) is a soft error, not a pass: every planned run
        // must pass.
        if (clean != 2 || planned <= 0 || passed != planned) {
            out.println("jcstress: not every planned run passed (" + last + "); see the report in " + args[0]);
            System.exit(1);
        }
        out.println("jcstress: " + last + "; all passed");
        System.exit(0);
    }
}
