package io.spreadflow.cli;

import io.spreadflow.connectors.files.RealData;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A 3×3 grid of rdn thresholds over the LUNC golden ticks, ranked, with walk-forward folds. */
class SweepCommandITCase {

    @Test
    void shouldRankNineParameterSetsAndWriteOneRowPerFold() throws Exception {
        Path golden = RealData.require("golden/rdn_lunc_1s_real");
        Path out = Path.of("target", "sweep-rdn").toAbsolutePath();

        int code = new CommandLine(new SweepCommand()).execute(
                "--strategy", "rdn", "--spot", "mexc-spot", "--futures", "gateio-futures", "--bar-seconds", "1",
                "--param", "max_holding_hours=0.005", "--param", "stop_loss_threshold=-0.5",
                "--grid", "entry_spread_threshold=-0.25,-0.3,-0.35", "--grid", "exit_spread_threshold=-0.1,-0.12,-0.15",
                "--input", golden.resolve("spot_a.csv.gz").toString(), golden.resolve("futures.csv.gz").toString(),
                "--rank-by", "total_pnl_quote", "--walk-forward", "3", "--out", out.toString());

        assertThat(code).isZero();
        List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(rows.get(0)).startsWith("rank,set,entry_spread_threshold,exit_spread_threshold,trades,total_pnl_quote");
        assertThat(rows).hasSize(10);
        double previous = Double.POSITIVE_INFINITY;
        for (String r : rows.subList(1, rows.size())) {
            double pnl = Double.parseDouble(r.split(",")[5]);
            assertThat(pnl).as("ranked best first: %s", r).isLessThanOrEqualTo(previous);
            previous = pnl;
        }
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.split(",")[1])
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8");
        // the golden parameters (set 4: -0.3 / -0.12) trade 7 times, as the golden case says
        assertThat(rows).anyMatch(r -> r.split(",")[1].equals("4") && r.split(",")[4].equals("7"));
        List<String> folds = Files.readAllLines(out.resolve("walk-forward.csv"));
        assertThat(folds).hasSize(4);
        assertThat(folds.get(1)).startsWith("1,");
        assertThat(folds.get(3)).startsWith("3,");
        assertThat(Files.readString(out.resolve("sweep.html"))).contains("id=\"ranking\"", "id=\"walk-forward\"");
    }
}
