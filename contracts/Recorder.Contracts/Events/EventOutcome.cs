namespace Recorder.Contracts.Events;

/// <summary>Whether the action the event describes succeeded.</summary>
public enum EventOutcome
{
    /// <summary>The source does not say.</summary>
    Unknown = 0,
    /// <summary>The action succeeded.</summary>
    Success = 1,
    /// <summary>The action failed; <see cref="RecorderEvent.ResultCode"/> holds the error.</summary>
    Failure = 2,
}
