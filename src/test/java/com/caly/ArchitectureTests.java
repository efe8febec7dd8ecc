package com.caly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The house rules that module boundaries alone do not enforce. */
@AnalyzeClasses(packages = "com.caly", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule onlyRecordingsUsesTheAwsSdk = noClasses()
            .that()
            .resideOutsideOfPackage("com.caly.recordings..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon.awssdk..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyTelephonyKnowsExotel = noClasses()
            .that()
            .resideOutsideOfPackage("com.caly.telephony..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.caly.telephony.exotel..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule onlyVoiceOpensWebSockets = noClasses()
            .that()
            .resideOutsideOfPackages("com.caly.voice..", "com.caly.telephony..")
            .should()
            .dependOnClassesThat()
            .haveNameMatching("java\\.net\\.http\\.WebSocket.*")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework.web.socket..")
            .because("the media stream (telephony) and the AI bridge (voice) are the only WebSocket users")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule noFieldInjection = noFields()
            .should()
            .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
            .orShould()
            .beAnnotatedWith("jakarta.inject.Inject")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule noLegacyDates = noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.Date")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.Calendar");

    @ArchTest
    static final ArchRule sharedDependsOnNoModule = noClasses()
            .that()
            .resideInAPackage("com.caly.shared..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "com.caly.auth..",
                    "com.caly.tenants..",
                    "com.caly.apikeys..",
                    "com.caly.calls..",
                    "com.caly.telephony..",
                    "com.caly.voice..",
                    "com.caly.recordings..",
                    "com.caly.analytics..",
                    "com.caly.billing..");

    /** Repositories, the rows they return, and JDBC or Spring Data mapping types. */
    private static final DescribedPredicate<JavaClass> PERSISTENCE_TYPE = DescribedPredicate.describe(
            "a persistence type",
            type -> type.getPackageName().startsWith("org.springframework.jdbc")
                    || type.isAnnotatedWith("org.springframework.stereotype.Repository")
                    || type.isAnnotatedWith("org.springframework.data.relational.core.mapping.Table")
                    || type.getEnclosingClass()
                            .map(outer -> outer.isAnnotatedWith("org.springframework.stereotype.Repository"))
                            .orElse(false));

    @ArchTest
    static final ArchRule controllersReturnNoPersistenceTypes = noMethods()
            .that()
            .areDeclaredInClassesThat()
            .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .should()
            .haveRawReturnType(PERSISTENCE_TYPE);

    /** A class that starts on its own is a developer tool (simulator, load tool) and lives in the test sources. */
    @ArchTest
    static final ArchRule onlyTheApplicationHasAMainMethod = methods()
            .that()
            .haveName("main")
            .and()
            .areStatic()
            .and()
            .haveRawParameterTypes(String[].class)
            .should()
            .beDeclaredInClassesThat()
            .areAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
            .because("developer tools must not ship in the production jar; they run from the test classpath");

    @ArchTest
    static final ArchRule developerToolsLiveInTestSources = noClasses()
            .should()
            .haveFullyQualifiedName("com.caly.telephony.exotel.CallSimulator")
            .orShould()
            .haveFullyQualifiedName("com.caly.telephony.exotel.CallLoad")
            .orShould()
            .haveFullyQualifiedName("com.caly.telephony.exotel.ExotelCallerSide")
            .because("the call simulator, the load tool and their caller side are test code");

    /** The live call's parts run on the call's loop: nothing there may lock, sleep, read the clock or block. */
    @ArchTest
    static final ArchRule theLiveCallsPartsNeitherLockNorBlockNorReadTheClock = noClasses()
            .that()
            .resideInAnyPackage("com.caly.voice.conversation..", "com.caly.shared.live..")
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Thread.class, "sleep", long.class)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "java.net.http..", "java.sql..", "org.springframework.jdbc..", "java.util.concurrent.locks..")
            .because("a call's state is owned by its loop, and its time comes from the loop's clock");

    @ArchTest
    static final ArchRule theLiveCallsPartsHaveNoSynchronizedMethods = noMethods()
            .that()
            .areDeclaredInClassesThat()
            .resideInAnyPackage("com.caly.voice.conversation..", "com.caly.shared.live..")
            .should()
            .haveModifier(com.tngtech.archunit.core.domain.JavaModifier.SYNCHRONIZED);

    @ArchTest
    static final ArchRule noJpa = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.persistence..", "org.hibernate.orm..");
}
