namespace Recorder.Linux.Audit.Tests;
