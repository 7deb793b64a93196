package io.spreadflow.connectors.feed;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contract multipliers fetched over real HTTP from a local server answering as the venues document. */
class ContractSpecClientTest {

    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> answers = Map.of(
                "/api/v4/futures/usdt/contracts/BTC_USDT", "{\"name\":\"BTC_USDT\",\"type\":\"direct\",\"quanto_multiplier\":\"0.0001\",\"leverage_max\":\"100\"}",
                "/api/v1/contract/detail", "{\"success\":true,\"code\":0,\"data\":{\"symbol\":\"BTC_USDT\",\"contractSize\":0.0001,\"priceUnit\":0.1}}",
                "/api/v5/public/instruments", "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instType\":\"SWAP\",\"instId\":\"BTC-USD-SWAP\",\"ctVal\":\"100\",\"ctMult\":\"1\",\"ctValCcy\":\"USD\",\"ctType\":\"inverse\"}]}");
        server.createContext("/", ex -> {
            String body = answers.get(ex.getRequestURI().getPath());
            byte[] b = (body == null ? "{\"label\":\"CONTRACT_NOT_FOUND\"}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsEachVenuesMultiplier() throws Exception {
        ContractSpecClient client = new ContractSpecClient(Duration.ofSeconds(5));
        assertThat(client.fetch(Venue.GATEIO_FUTURES, base, List.of("BTC_USDT")).require(Venue.GATEIO_FUTURES, "BTC_USDT"))
                .isEqualTo(ContractSpec.linear("0.0001"));
        assertThat(client.fetch(Venue.MEXC_FUTURES, base, List.of("BTC_USDT")).require(Venue.MEXC_FUTURES, "BTC_USDT").multiplier())
                .isEqualByComparingTo("0.0001");
        ContractSpec okx = client.fetch(Venue.OKX_SWAP, base, List.of("BTC-USD-SWAP")).require(Venue.OKX_SWAP, "BTC-USD-SWAP");
        assertThat(okx.inverse()).isTrue();
        assertThat(okx.multiplier()).isEqualByComparingTo("100");
    }

    @Test
    void anUnknownContractIsAnErrorNamingIt() {
        ContractSpecClient client = new ContractSpecClient(Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.fetch(Venue.GATEIO_FUTURES, base, List.of("NOPE_USDT")))
                .isInstanceOf(MissingContractSpec.class).hasMessageContaining("NOPE_USDT");
    }
}
