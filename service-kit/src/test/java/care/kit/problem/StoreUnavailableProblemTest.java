package care.kit.problem;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.function.Supplier;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.hamcrest.Matchers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store that cannot be reached answers 503 {@code store-unavailable} with {@code Retry-After}, as problem details
 * without the driver's message or a stack trace, whether the driver's exception arrives as it is, translated by
 * Spring Data or wrapped; any other failure is still a 500.
 */
class StoreUnavailableProblemTest {

    @RestController
    static class FailingController {

        @GetMapping("/fail/{kind}")
        String fail(@PathVariable String kind) {
            throw FAILURES.get(kind).get();
        }
    }

    private static final java.util.Map<String, Supplier<RuntimeException>> FAILURES = java.util.Map.of(
            "timeout", () -> new MongoTimeoutException("Timed out while waiting for a server at localhost:27017 "
                    + "patient sam.lee@example.org"),
            "socket", () -> new MongoSocketOpenException("Exception opening socket", new ServerAddress("localhost", 27017)),
            "translated", () -> new DataAccessResourceFailureException("Timed out",
                    new MongoTimeoutException("Timed out")),
            "wrapped", () -> new IllegalStateException("while saving",
                    new MongoSocketOpenException("refused", new ServerAddress("localhost", 27017))),
            "other", () -> new IllegalStateException("a bug"));

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new CareProblemHandler()).build();

    @ParameterizedTest
    @ValueSource(strings = { "timeout", "socket", "translated", "wrapped" })
    void anUnreachableStoreIs503StoreUnavailable(String kind) throws Exception {
        mvc.perform(get("/fail/" + kind).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.type").value(ProblemTypes.STORE_UNAVAILABLE))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Exception"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("localhost"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("example.org"))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "other" })
    void anyOtherFailureIsStill500(String kind) throws Exception {
        mvc.perform(get("/fail/" + kind).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value(ProblemTypes.INTERNAL));
    }
}
