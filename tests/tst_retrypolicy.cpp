// SPDX-FileCopyrightText: 2026 CacheSnap authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "retrypolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ApiError serviceError(const QString &code, int status)
{
    ApiError e;
    e.kind = ApiError::Kind::Service;
    e.code = code;
    e.httpStatus = status;
    return e;
}

ApiError kindError(ApiError::Kind kind, int status = 0)
{
    ApiError e;
    e.kind = kind;
    e.httpStatus = status;
    return e;
}

RetryPolicy::RandomSource fixedRandom(double value)
{
    return [value] {
        return value;
    };
}
} // namespace

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryable_data();
    void retryable();
    void backoff_data();
    void backoff();
    void attemptSequence_data();
    void attemptSequence();
    void quotaCosts_data();
    void quotaCosts();
    void quotaExhaustion();
    void quotaRefund();
    void clockSkew_data();
    void clockSkew();
    void clockSkewOnlyOnce();
    void config_data();
    void config();
};

void TestRetryPolicy::retryable_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("Throttling 400") << serviceError(u"Throttling"_s, 400) << true;
    QTest::newRow("RequestLimitExceeded") << serviceError(u"RequestLimitExceeded"_s, 400) << true;
    QTest::newRow("ThrottlingException") << serviceError(u"ThrottlingException"_s, 400) << true;
    QTest::newRow("SlowDown 503") << serviceError(u"SlowDown"_s, 503) << true;
    QTest::newRow("429 any code") << serviceError(u"Whatever"_s, 429) << true;
    QTest::newRow("InternalFailure 500") << serviceError(u"InternalFailure"_s, 500) << true;
    QTest::newRow("ServiceUnavailable 503") << serviceError(u"ServiceUnavailable"_s, 503) << true;
    QTest::newRow("504 service") << serviceError(u"GatewayTimeout"_s, 504) << true;
    QTest::newRow("RequestTimeout 400") << serviceError(u"RequestTimeout"_s, 400) << true;
    QTest::newRow("PriorRequestNotComplete") << serviceError(u"PriorRequestNotComplete"_s, 400) << true;
    QTest::newRow("html 502") << kindError(ApiError::Kind::Http, 502) << true;
    QTest::newRow("html 500") << kindError(ApiError::Kind::Http, 500) << true;
    QTest::newRow("network") << kindError(ApiError::Kind::Network) << true;
    QTest::newRow("timeout") << kindError(ApiError::Kind::Timeout) << true;
    QTest::newRow("SnapshotNotFoundFault 404") << serviceError(u"SnapshotNotFoundFault"_s, 404) << false;
    QTest::newRow("SnapshotAlreadyExistsFault") << serviceError(u"SnapshotAlreadyExistsFault"_s, 400) << false;
    QTest::newRow("InvalidParameterValue") << serviceError(u"InvalidParameterValue"_s, 400) << false;
    QTest::newRow("AccessDenied 403") << serviceError(u"AccessDenied"_s, 403) << false;
    QTest::newRow("SignatureDoesNotMatch") << serviceError(u"SignatureDoesNotMatch"_s, 403) << false;
    QTest::newRow("html 404") << kindError(ApiError::Kind::Http, 404) << false;
    QTest::newRow("html 501") << kindError(ApiError::Kind::Http, 501) << false;
    QTest::newRow("parse") << kindError(ApiError::Kind::Parse, 200) << false;
    QTest::newRow("credentials") << kindError(ApiError::Kind::Credentials) << false;
    QTest::newRow("config") << kindError(ApiError::Kind::Config) << false;
    QTest::newRow("cancelled") << kindError(ApiError::Kind::Cancelled) << false;
}

void TestRetryPolicy::retryable()
{
    QFETCH(ApiError, error);
    QFETCH(bool, retryable);
    QCOMPARE(RetryPolicy::isRetryable(error), retryable);

    // A non-retryable error ends the call at the first attempt whatever the budget.
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode::Standard), fixedRandom(0.5));
    RetryState state;
    const auto decision = policy.onFailure(error, QDateTime(), QDateTime(), state);
    QCOMPARE(decision.action == RetryDecision::Action::Retry, retryable);
    QCOMPARE(state.attempt, retryable ? 2 : 1);
}

void TestRetryPolicy::backoff_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<int>("expectedMs");
    const int standard = int(RetryConfig::Mode::Standard);
    const int legacy = int(RetryConfig::Mode::Legacy);
    QTest::newRow("first retry, r=0.5") << standard << 0.5 << 1 << 500;
    QTest::newRow("second retry, r=0.5") << standard << 0.5 << 2 << 1000;
    QTest::newRow("third retry, r=0.25") << standard << 0.25 << 3 << 1000;
    QTest::newRow("r=0 is immediate") << standard << 0.0 << 4 << 0;
    QTest::newRow("2^4 s, r=0.99") << standard << 0.99 << 5 << 15840;
    QTest::newRow("capped at 20 s (2^5)") << standard << 0.99 << 6 << 19800;
    QTest::newRow("capped at 20 s (2^9)") << standard << 0.5 << 10 << 10000;
    QTest::newRow("legacy uncapped (2^5)") << legacy << 0.99 << 6 << 31680;
    QTest::newRow("legacy first retry") << legacy << 0.5 << 1 << 500;
}

void TestRetryPolicy::backoff()
{
    QFETCH(int, mode);
    QFETCH(double, random);
    QFETCH(int, attempt);
    QFETCH(int, expectedMs);
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode(mode)), fixedRandom(random));
    QCOMPARE(policy.backoffMs(attempt), expectedMs);
}

void TestRetryPolicy::attemptSequence_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<int>("expectedAttempts");
    QTest::addColumn<QList<int>>("expectedDelaysMs");

    const ApiError throttling = serviceError(u"Throttling"_s, 400);
    const int standard = int(RetryConfig::Mode::Standard);
    QTest::newRow("standard default: 3 attempts") << standard << 3 << throttling << 3 << QList<int> {500, 1000};
    QTest::newRow("AWS_MAX_ATTEMPTS=5") << standard << 5 << throttling << 5 << QList<int> {500, 1000, 2000, 4000};
    QTest::newRow("max attempts 1: no retry") << standard << 1 << throttling << 1 << QList<int> {};
    QTest::newRow("legacy: 5 attempts") << int(RetryConfig::Mode::Legacy) << 5 << throttling << 5
                                        << QList<int> {500, 1000, 2000, 4000};
    QTest::newRow("adaptive like standard")
        << int(RetryConfig::Mode::Adaptive) << 3 << throttling << 3 << QList<int> {500, 1000};
    QTest::newRow("500 retried") << standard << 3 << serviceError(u"InternalFailure"_s, 500) << 3
                                 << QList<int> {500, 1000};
    QTest::newRow("404 once") << standard << 3 << serviceError(u"SnapshotNotFoundFault"_s, 404) << 1 << QList<int> {};
}

void TestRetryPolicy::attemptSequence()
{
    QFETCH(int, mode);
    QFETCH(int, maxAttempts);
    QFETCH(ApiError, error);
    QFETCH(int, expectedAttempts);
    QFETCH(QList<int>, expectedDelaysMs);

    RetryConfig config = RetryConfig::forMode(RetryConfig::Mode(mode));
    config.maxAttempts = maxAttempts;
    RetryPolicy policy(config, fixedRandom(0.5));
    RetryState state;
    QList<int> delays;
    for (int guard = 0; guard < 100; ++guard) {
        const auto decision = policy.onFailure(error, QDateTime(), QDateTime(), state);
        if (decision.action == RetryDecision::Action::GiveUp)
            break;
        QCOMPARE(decision.action, RetryDecision::Action::Retry);
        delays << decision.delayMs;
    }
    QCOMPARE(state.attempt, expectedAttempts);
    QCOMPARE(delays, expectedDelaysMs);
}

void TestRetryPolicy::quotaCosts_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("cost");
    const int standard = int(RetryConfig::Mode::Standard);
    QTest::newRow("throttling costs 5") << serviceError(u"Throttling"_s, 400) << standard << 5;
    QTest::newRow("500 costs 5") << serviceError(u"InternalFailure"_s, 500) << standard << 5;
    QTest::newRow("network costs 5") << kindError(ApiError::Kind::Network) << standard << 5;
    QTest::newRow("timeout costs 10") << kindError(ApiError::Kind::Timeout) << standard << 10;
    QTest::newRow("legacy has no quota") << kindError(ApiError::Kind::Timeout) << int(RetryConfig::Mode::Legacy) << 0;
}

void TestRetryPolicy::quotaCosts()
{
    QFETCH(ApiError, error);
    QFETCH(int, mode);
    QFETCH(int, cost);
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode(mode)), fixedRandom(0.0));
    RetryState state;
    QCOMPARE(policy.onFailure(error, QDateTime(), QDateTime(), state).action, RetryDecision::Action::Retry);
    QCOMPARE(policy.quota().available(), RetryQuota::kInitialCapacity - cost);
    QCOMPARE(state.quotaHeld, cost);
}

void TestRetryPolicy::quotaExhaustion()
{
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode::Standard), fixedRandom(0.0));
    const ApiError throttling = serviceError(u"Throttling"_s, 400);
    // 500 tokens at 5 per retry: exactly 100 retries are paid for, then the quota refuses.
    int retries = 0;
    for (int call = 0; call < 200; ++call) {
        RetryState state;
        if (policy.onFailure(throttling, QDateTime(), QDateTime(), state).action == RetryDecision::Action::Retry)
            ++retries;
    }
    QCOMPARE(retries, 100);
    QCOMPARE(policy.quota().available(), 0);
    RetryState state;
    const auto decision = policy.onFailure(throttling, QDateTime(), QDateTime(), state);
    QCOMPARE(decision.action, RetryDecision::Action::GiveUp);
    QCOMPARE(state.attempt, 1);
}

void TestRetryPolicy::quotaRefund()
{
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode::Standard), fixedRandom(0.0));
    const ApiError timeout = kindError(ApiError::Kind::Timeout);
    RetryState a;
    RetryState b;
    QCOMPARE(policy.onFailure(timeout, QDateTime(), QDateTime(), a).action, RetryDecision::Action::Retry);
    QCOMPARE(policy.onFailure(timeout, QDateTime(), QDateTime(), b).action, RetryDecision::Action::Retry);
    QCOMPARE(policy.quota().available(), 480);
    policy.onSuccess(a); // refunds what its retry took
    QCOMPARE(policy.quota().available(), 490);
    QCOMPARE(a.quotaHeld, 0);
    RetryState plain;
    policy.onSuccess(plain); // a success without retry adds the no-retry increment
    QCOMPARE(policy.quota().available(), 491);
    policy.onSuccess(b);
    QCOMPARE(policy.quota().available(), 500);
    policy.onSuccess(plain); // never above the maximum
    QCOMPARE(policy.quota().available(), 500);
}

void TestRetryPolicy::clockSkew_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("serverMinusLocalMs");
    QTest::addColumn<bool>("hasDate");
    QTest::addColumn<bool>("corrected");
    const qint64 hour = 3600 * 1000;
    QTest::newRow("RequestExpired, server 1 h ahead") << u"RequestExpired"_s << 400 << hour << true << true;
    QTest::newRow("SignatureDoesNotMatch, server 1 h behind")
        << u"SignatureDoesNotMatch"_s << 403 << -hour << true << true;
    QTest::newRow("RequestTimeTooSkewed, 10 min") << u"RequestTimeTooSkewed"_s << 403 << qint64(600000) << true << true;
    QTest::newRow("skew code, clocks agree") << u"SignatureDoesNotMatch"_s << 403 << qint64(2000) << true << false;
    QTest::newRow("skew code, no Date") << u"RequestExpired"_s << 400 << hour << false << false;
    QTest::newRow("other code, 1 h off") << u"AccessDenied"_s << 403 << hour << true << false;
    // The Java SDK v2's bound: a skew of more seconds than an int holds (about 68 years) is not corrected.
    const qint64 bound = RetryPolicy::kMaxClockCorrectionMs;
    QTest::newRow("60 years ahead") << u"RequestExpired"_s << 400 << 60 * 365 * 24 * hour << true << true;
    QTest::newRow("at the bound") << u"RequestExpired"_s << 400 << bound << true << true;
    QTest::newRow("past the bound") << u"RequestExpired"_s << 400 << bound + 1000 << true << false;
    QTest::newRow("8000 years ahead") << u"RequestExpired"_s << 400 << 8000 * 365 * 24 * hour << true << false;
    QTest::newRow("100 years behind") << u"SignatureDoesNotMatch"_s << 403 << -100 * 365 * 24 * hour << true << false;
}

void TestRetryPolicy::clockSkew()
{
    QFETCH(QString, code);
    QFETCH(int, status);
    QFETCH(qint64, serverMinusLocalMs);
    QFETCH(bool, hasDate);
    QFETCH(bool, corrected);

    const QDateTime signedAt(QDate(2026, 11, 24), QTime(15, 8, 13), Qt::UTC);
    const QDateTime serverDate = hasDate ? signedAt.addMSecs(serverMinusLocalMs) : QDateTime();
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode::Standard), fixedRandom(0.5));
    RetryState state;
    const auto decision = policy.onFailure(serviceError(code, status), serverDate, signedAt, state);
    QCOMPARE(decision.action == RetryDecision::Action::CorrectClockRetry, corrected);
    if (corrected) {
        QCOMPARE(decision.clockAdjustmentMs, serverMinusLocalMs);
        QCOMPARE(decision.delayMs, 0);
        QCOMPARE(state.attempt, 2);
        QCOMPARE(policy.quota().available(), RetryQuota::kInitialCapacity); // not paid from the quota
    } else {
        QCOMPARE(decision.action, RetryDecision::Action::GiveUp);
    }
}

void TestRetryPolicy::clockSkewOnlyOnce()
{
    const QDateTime signedAt(QDate(2026, 11, 24), QTime(15, 8, 13), Qt::UTC);
    const ApiError expired = serviceError(u"RequestExpired"_s, 400);
    RetryPolicy policy(RetryConfig::forMode(RetryConfig::Mode::Standard), fixedRandom(0.5));
    RetryState state;
    QCOMPARE(policy.onFailure(expired, signedAt.addSecs(3600), signedAt, state).action,
             RetryDecision::Action::CorrectClockRetry);
    // The same answer again: the correction did not help, so the error stands.
    QCOMPARE(policy.onFailure(expired, signedAt.addSecs(7200), signedAt.addSecs(3600), state).action,
             RetryDecision::Action::GiveUp);
    QCOMPARE(state.attempt, 2);
}

void TestRetryPolicy::config_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("defaultAttempts");
    QTest::addColumn<bool>("hasNote");
    QTest::newRow("standard") << u"standard"_s << true << int(RetryConfig::Mode::Standard) << 3 << false;
    QTest::newRow("legacy") << u"legacy"_s << true << int(RetryConfig::Mode::Legacy) << 5 << false;
    QTest::newRow("adaptive") << u"adaptive"_s << true << int(RetryConfig::Mode::Adaptive) << 3 << true;
    QTest::newRow("case and blanks") << u" Standard "_s << true << int(RetryConfig::Mode::Standard) << 3 << false;
    QTest::newRow("unknown") << u"aggressive"_s << false << 0 << 0 << false;
    QTest::newRow("empty") << QString() << false << 0 << 0 << false;
}

void TestRetryPolicy::config()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, mode);
    QFETCH(int, defaultAttempts);
    QFETCH(bool, hasNote);
    const auto parsed = RetryConfig::parseMode(text);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(int(*parsed), mode);
    const RetryConfig config = RetryConfig::forMode(*parsed);
    QCOMPARE(config.maxAttempts, defaultAttempts);
    QCOMPARE(!config.note().isEmpty(), hasNote);
    QCOMPARE(RetryConfig::parseMode(RetryConfig::modeName(*parsed)), parsed);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
