using Recorder.Host.Configuration;
using Recorder.Host.Platform;
using Recorder.Trust.Tests.Support;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// An installed recorder reads /etc/recorder/recorder.yaml (its layout's configuration file) when no --config is
/// given, so the service and an administrator's commands agree; --config wins; a checkout has no such file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InstalledConfigurationFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_installed_layout_names_etc_recorder_recorder_yaml_and_a_checkout_none()
    {
        Assert.Equal("/etc/recorder/recorder.yaml", new LinuxHostPlatform().InstalledLayout().ConfigurationFile);
        Assert.Null(HostLayout.Detect(AppContext.BaseDirectory).ConfigurationFile); // the tests run inside the checkout
    }

    [Fact]
    public void The_layouts_configuration_file_is_read_when_it_exists_and_no_config_is_given()
    {
        var installed = _temp.Combine("recorder.yaml");
        var layout = new LinuxHostPlatform().InstalledLayout() with { ConfigurationFile = installed };

        Assert.Equal("embedded defaults", HostConfigurationLoader.Load(layout: layout).Source); // no file yet

        File.WriteAllText(installed, "data_dir: /srv/recorder\npipeline:\n  batch_size: 250\n");
        var configuration = HostConfigurationLoader.Load(layout: layout);
        Assert.Equal(installed, configuration.Source);
        Assert.Equal("/srv/recorder", configuration.DataDirectory);
        Assert.Equal(250, configuration.Pipeline.BatchSize);
        Assert.Equal("/etc/recorder/trust", configuration.TrustStoreDirectory); // keys it does not set keep the installed defaults

        var given = _temp.Combine("other.yaml");
        File.WriteAllText(given, "pipeline:\n  batch_size: 10\n");
        var overridden = HostConfigurationLoader.Load(given, layout: layout);
        Assert.Equal(given, overridden.Source);
        Assert.Equal(10, overridden.Pipeline.BatchSize);
        Assert.Equal("/var/lib/recorder", overridden.DataDirectory);
    }
}
