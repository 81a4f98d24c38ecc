/**
 * The plain-Java vocabulary every service's domain uses: {@link care.kit.domain.Refusal} for a refused action,
 * {@link care.kit.domain.DerivedIds} for ids derived from what identifies a thing, and the
 * {@link care.kit.domain.Aggregate} marker. Nothing here depends on Spring or MongoDB, so rules that use it stay pure.
 */
package care.kit.domain;
