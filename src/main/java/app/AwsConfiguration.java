package app;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The AWS clients: one DynamoDB client that every repository shares, one SQS client for the queue endpoints. */
@Configuration
public class AwsConfiguration implements CamelConfiguration {

    @BindToRegistry(lazy = true)
    public DynamoDbClient dynamoDbClient(@PropertyInject("aws.region") String region,
            @PropertyInject("aws.dynamodb.endpoint") String endpoint,
            @PropertyInject("aws.dynamodb.attempt-timeout-ms") long attemptTimeoutMs,
            @PropertyInject("aws.access-key-id") String accessKeyId,
            @PropertyInject("aws.secret-access-key") String secretAccessKey,
            @PropertyInject("aws.dynamodb.await-local-commits") boolean awaitLocalCommits,
            @PropertyInject("tables.orders") String ordersTable) {
        AwsCredentialsProvider credentials = credentials(accessKeyId, secretAccessKey, endpoint);
        // A DynamoDB that hangs (cut off, frozen) fails the attempt and the SDK retries,
        // instead of each call waiting out the 30 s socket timeout.
        Duration attemptTimeout = Duration.ofMillis(attemptTimeoutMs);
        if (awaitLocalCommits && !endpoint.isBlank()) {
            DynamoDbClient once = dynamoDb(region, endpoint, credentials,
                    c -> c.apiCallAttemptTimeout(attemptTimeout).retryStrategy(AwsRetryStrategy.doNotRetry()));
            return dynamoDb(region, endpoint, credentials,
                    c -> c.apiCallAttemptTimeout(attemptTimeout).addExecutionInterceptor(new LocalCommitFence(once, ordersTable, "order_id")));
        }
        return dynamoDb(region, endpoint, credentials, c -> c.apiCallAttemptTimeout(attemptTimeout));
    }

    private static DynamoDbClient dynamoDb(String region, String endpoint, AwsCredentialsProvider credentials,
                                           Consumer<ClientOverrideConfiguration.Builder> configuration) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(region))
                .overrideConfiguration(configuration).credentialsProvider(credentials);
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** The client of the camel-aws2-sqs endpoints (the only SqsClient, so they pick it up). */
    @BindToRegistry(lazy = true)
    public SqsClient sqsClient(@PropertyInject("aws.region") String region, @PropertyInject("aws.sqs.endpoint") String endpoint,
            @PropertyInject("aws.access-key-id") String accessKeyId, @PropertyInject("aws.secret-access-key") String secretAccessKey) {
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(region))
                .credentialsProvider(credentials(accessKeyId, secretAccessKey, endpoint));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** Given keys; else dummy ones for a local stand-in; else AWS's default chain (environment, profile, role). */
    private static AwsCredentialsProvider credentials(String accessKeyId, String secretAccessKey, String endpoint) {
        if (!accessKeyId.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        if (!endpoint.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
