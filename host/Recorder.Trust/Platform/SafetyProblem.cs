namespace Recorder.Trust;

/// <summary>Why a path is unsafe to trust.</summary>
internal readonly record struct SafetyProblem(PluginRefusalReason Reason, string Message);
