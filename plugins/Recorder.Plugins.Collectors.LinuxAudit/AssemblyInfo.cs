namespace Recorder.Plugins.Collectors.LinuxAudit;
