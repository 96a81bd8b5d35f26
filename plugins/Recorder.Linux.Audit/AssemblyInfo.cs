namespace Recorder.Linux.Audit;
