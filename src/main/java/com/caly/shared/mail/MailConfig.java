package com.caly.shared.mail;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

@Configuration(proxyBeanMethods = false)
class MailConfig {

    @Bean
    EmailSender emailSender(ObjectProvider<JavaMailSender> mailSender, MailProperties properties) {
        JavaMailSender smtp = mailSender.getIfAvailable();
        return smtp == null ? new LogEmailSender() : new SmtpEmailSender(smtp, properties.from());
    }

    @Bean
    SmtpHealthIndicator smtpHealthIndicator(ObjectProvider<JavaMailSender> mailSender) {
        return new SmtpHealthIndicator(mailSender.getIfAvailable());
    }
}
