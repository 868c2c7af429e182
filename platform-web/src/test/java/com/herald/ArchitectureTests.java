package com.herald;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;

import org.springframework.data.domain.Slice;
import org.springframework.stereotype.Controller;

import com.herald.tenancy.Tenant;
import com.herald.tenancy.UserAccount;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

/**
 * Herald's conventions as rules over the main code of every jar (ArchUnit imports them
 * from the classpath, as Modulith does). Plain JUnit: no Spring context.
 */
@AnalyzeClasses(packages = "com.herald", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule controllersLiveInTheWebLayer = classes().that()
		.areMetaAnnotatedWith(Controller.class)
		.should()
		.resideInAnyPackage("com.herald.web..", "com.herald.api..", "com.herald.webhook..")
		.because("pages, the REST API and provider webhooks are the only ways in");

	@ArchTest
	static final ArchRule repositoriesAreNotPublic = classes().that()
		.haveSimpleNameEndingWith("Repository")
		.should()
		.notBePublic()
		.because("other modules go through the module's services, which bind the tenant and audit");

	@ArchTest
	static final ArchRule repositoryFindersReturnOptionalOrCollections = methods().that()
		.areDeclaredInClassesThat()
		.haveSimpleNameEndingWith("Repository")
		.and()
		.haveNameStartingWith("find")
		.should(returnOptionalOrSeveral())
		.allowEmptyShould(true);

	/**
	 * Row-level security filters on {@code tenant_id}; the entity carries it too, so code
	 * can filter by it as well (defence in depth). {@link Tenant} is the tenant itself.
	 * {@link UserAccount} is global on purpose: one person can work for several tenants,
	 * and what they may do in each lives in a tenant-owned membership.
	 */
	@ArchTest
	static final ArchRule tenantOwnedEntitiesCarryTheirTenant = classes().that()
		.areAnnotatedWith(Entity.class)
		.and()
		.doNotBelongToAnyOf(Tenant.class, UserAccount.class)
		.should(haveAField("tenantId"));

	@ArchTest
	static final ArchRule springTransactionsOnly = noClasses().should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("jakarta.transaction.Transactional")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("javax.transaction.Transactional")
		.because("transactions go through TenantTransactions or Spring's @Transactional, which bind the tenant");

	@ArchTest
	static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

	@ArchTest
	static final ArchRule noStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

	@ArchTest
	static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

	@ArchTest
	static final ArchRule twilioOnlyInTheSmsChannel = providerSdkOnlyIn("com.herald.sms..", "com.twilio..");

	@ArchTest
	static final ArchRule sendGridOnlyInTheEmailChannel = providerSdkOnlyIn("com.herald.email..", "com.sendgrid..");

	@ArchTest
	static final ArchRule pushSdksOnlyInThePushChannel = providerSdkOnlyIn("com.herald.push..",
			"com.eatthepath.pushy..", "nl.martijndwars.webpush..");

	private static ArchRule providerSdkOnlyIn(String channelPackage, String... sdkPackages) {
		return noClasses().that()
			.resideOutsideOfPackage(channelPackage)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(sdkPackages)
			.because("a provider's SDK stays behind its CommunicationChannel");
	}

	private static ArchCondition<JavaClass> haveAField(String name) {
		return new ArchCondition<>("have a field " + name) {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				boolean present = type.getAllFields().stream().anyMatch((field) -> field.getName().equals(name));
				events.add(new SimpleConditionEvent(type, present,
						type.getName() + (present ? " has" : " has no") + " field " + name));
			}
		};
	}

	private static ArchCondition<JavaMethod> returnOptionalOrSeveral() {
		DescribedPredicate<JavaClass> several = DescribedPredicate.describe("Optional or several results",
				(type) -> Stream.of(Optional.class, Collection.class, Iterable.class, Slice.class, Stream.class)
					.anyMatch(type::isAssignableTo));
		return new ArchCondition<>("return Optional (one result) or a collection, page or stream") {
			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				boolean ok = several.test(method.getRawReturnType());
				events.add(new SimpleConditionEvent(method, ok,
						method.getFullName() + " returns " + method.getRawReturnType().getName()));
			}
		};
	}

}
