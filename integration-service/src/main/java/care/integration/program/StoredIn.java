package care.integration.program;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The collection an aggregate is stored in: Spring Data's {@link Document} under a name of this service, so that
 * the aggregate names its collection without depending on the store's API (the shared architecture rules keep
 * store types out of aggregates). The mapping is the same as {@code @Document(collection)}.
 */
@Documented
@Document
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface StoredIn {

    @AliasFor(annotation = Document.class, attribute = "collection")
    String value();
}
