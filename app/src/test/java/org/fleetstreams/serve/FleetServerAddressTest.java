package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** How an instance names itself to the others ({@code application.server}) and how they address it. */
class FleetServerAddressTest {

    @Test
    void anIpv6LiteralIsBracketedSoThatItMakesAUrlAndKafkaStreamsReadsItBack() {
        String address = Peers.address(new HostInfo("::1", 8080));

        assertThat(address).isEqualTo("[::1]:8080");
        assertThat(URI.create("http://" + address + "/api/fleet").getPort()).isEqualTo(8080);
        assertThat(HostInfo.buildFromEndpoint(address)).isEqualTo(new HostInfo("::1", 8080));
        assertThat(Peers.address(new HostInfo("fleet-1.example", 80))).isEqualTo("fleet-1.example:80");
    }

    @Test
    void theServerAdvertisesWhereItListensUnlessTheOperatorNamesAnotherEndpoint() throws Exception {
        try (FleetServer server = FleetServer.bind("127.0.0.1", 0)) {
            String own = server.applicationServer().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
            assertThat(own).startsWith("127.0.0.1:").doesNotEndWith(":0");

            FleetServer published = server.advertisedAs("fleet-1.example:18080");
            assertThat(published.applicationServer())
                    .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "fleet-1.example:18080");
            assertThat(published.url()).isEqualTo("http://fleet-1.example:18080/");
            assertThatThrownBy(() -> server.advertisedAs("fleet-1.example")).isInstanceOf(ConfigException.class);
        }
    }
}
