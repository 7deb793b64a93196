package io.spreadflow.cli;

import io.spreadflow.execution.venue.LiveTrading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live switch refuses before anything starts: no confirmation, no credentials, an unknown venue, a stray base URL. */
class ExecutionLiveSwitchTest {

    private static final String SECRET = "s3cr3t-never-printed-0123456789";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SpreadflowCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path credentials() throws Exception {
        Path f = dir.resolve("venues.properties");
        Files.writeString(f, "mexc-spot.key=mx0key0001\nmexc-spot.secret=" + SECRET + "\n");
        return f;
    }

    @Test
    void liveWithoutTheConfirmationFlagIsRefusedAndNamesIt() throws Exception {
        Run r = run("execution", "--venue", "mexc-spot=live", "--credentials-file", credentials().toString(), "--data-dir", dir.toString(),
                "--port", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(LiveTrading.CONFIRMATION_FLAG).contains("--dry-run").doesNotContain(SECRET);
    }

    @Test
    void liveWithoutCredentialsNamesTheEnvironmentVariables() {
        Run r = run("execution", "--venue", "gateio-futures=live", LiveTrading.CONFIRMATION_FLAG, "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("GATEIO_FUTURES_API_KEY");
    }

    @Test
    void anUnknownVenueOrModeOrAStrayBaseUrlIsRefused() throws Exception {
        assertThat(run("execution", "--venue", "kraken-spot=live", LiveTrading.CONFIRMATION_FLAG).err()).contains("no live adapter");
        assertThat(run("execution", "--venue", "mexc-spot=real").err()).contains("the mode is live or paper");
        assertThat(run("execution", "--base-url", "mexc-spot=http://127.0.0.1:1").err()).contains("is not --venue mexc-spot=live");
        assertThat(run("execution", "reconcile", "--data-dir", dir.toString()).err()).contains("nothing to reconcile");
    }

    @Test
    void paperStaysTheDefaultAndTheConfirmationAlsoComesFromTheEnvironment() throws Exception {
        LiveVenueOptions o = new LiveVenueOptions();
        assertThat(o.resolve(false, false, Map.of()).live()).isFalse();
        o.venues = Map.of("mexc-spot", "live");
        o.credentialsFile = credentials();
        assertThatThrownBy(() -> o.resolve(false, false, Map.of())).hasMessageContaining(LiveTrading.CONFIRMATION_FLAG);
        LiveTrading t = o.resolve(false, false, Map.of(LiveTrading.CONFIRMATION_ENV, "yes"));
        assertThat(t.live()).isTrue();
        assertThat(t.venues().get("mexc-spot").baseUrl().toString()).isEqualTo("https://api.mexc.com");
        assertThat(t.toString()).doesNotContain(SECRET).doesNotContain("mx0key0001");
        // a dry run needs no confirmation: nothing is sent
        assertThat(o.resolve(false, true, Map.of()).dryRun()).isTrue();
    }

    @Test
    void helpExplainsTheLiveSwitch() {
        Run r = run("execution", "--help");
        assertThat(r.out()).contains("--venue=NAME=MODE").contains(LiveTrading.CONFIRMATION_FLAG).contains("--dry-run")
                .contains("--credentials-file").contains("--base-url").contains("reconcile");
    }
}
