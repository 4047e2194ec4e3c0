package org.caduceus.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Lets a component's context in the node auto-configure only from the jars its own
 * deployable runs with. In one JVM every jar of every component is on the class path:
 * without this, the gateway's Spring Security would put a login in front of every
 * service, and the console's Thymeleaf would configure the gateway. A context that names
 * no component (none in a separate deployable, where this filter is not on the class path
 * anyway) is left alone.
 */
public final class DeployableAutoConfigurationFilter
		implements AutoConfigurationImportFilter, EnvironmentAware, BeanClassLoaderAware {

	/** The property that names the deployable a context of the node stands for. */
	public static final String COMPONENT = "caduceus.node.component";

	private static final Map<String, DeployableJars> LISTS = new ConcurrentHashMap<>();

	private @Nullable String artifact;

	private ClassLoader loader = DeployableAutoConfigurationFilter.class.getClassLoader();

	@Override
	public void setEnvironment(Environment environment) {
		this.artifact = environment.getProperty(COMPONENT);
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.loader = classLoader;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses,
			AutoConfigurationMetadata autoConfigurationMetadata) {
		boolean[] match = new boolean[autoConfigurationClasses.length];
		String component = this.artifact;
		if (component == null) {
			java.util.Arrays.fill(match, true);
			return match;
		}
		DeployableJars jars = LISTS.computeIfAbsent(component, (name) -> DeployableJars.of(name, this.loader));
		for (int i = 0; i < match.length; i++) {
			String candidate = autoConfigurationClasses[i];
			match[i] = candidate != null && jars.holds(candidate, this.loader);
		}
		return match;
	}

}
