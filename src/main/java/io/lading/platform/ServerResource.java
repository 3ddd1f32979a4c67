package io.lading.platform;

import jakarta.inject.Qualifier;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A server resource as {@link Resources} names it (the jobs queue, the JMS connection factory, the managed
 * executor and thread factory). A qualifier, because servers that make their default concurrency resources
 * CDI beans themselves would otherwise see two beans of one type.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ServerResource {
}
