package org.springframework.aop.framework;

import org.junit.jupiter.api.Test;

class AbstractSingletonProxyFactoryBeanTestCase extends AbstractAopProxyIntegrationTestSupport {

    @Test
    void transactionProxyFactoryBeanWithAutowireCandidateResolverAndLazyInitTargetSource() {
        SimpleBeanDefinitionRegistryPostProcessorConfigurationClassPostProcessor processor =
            new SimpleBeanDefinitionRegistryPostProcessorConfigurationClassPostProcessor();
        assertThat(processor.getRequiredAnnotationBeanPostProcessorIdentifier()).isNotNull();
    }
}
